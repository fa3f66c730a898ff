/**
 * Who recorded an event, as a read answers it: readers who do not see actor details get the organisation (and roles)
 * without `userId`.
 */
export interface RecordedBy {
  userId?: string;
  organisationId: string;
  roles?: string[];
  regionIds?: string[];
}

/** One line about an event, in English and in Dutch (the language of the people who use the ledger). */
export interface EventDescription {
  en: string;
  nl: string;
}
