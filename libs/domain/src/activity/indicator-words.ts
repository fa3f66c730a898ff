/**
 * The Dutch words for the indicator codes and units the ledger's targets and realised values name (the seeds':
 * plaatsingen, vacatures, werkgevers bereikt …). Codes are free text: one not listed here is shown as it is.
 */
export const INDICATORS_NL: Readonly<Record<string, string>> = {
  candidates_in_view: 'kandidaten in beeld',
  certificates: 'certificaten',
  employers_reached: 'werkgevers bereikt',
  participants: 'deelnemers',
  partners_connected: 'partners verbonden',
  placements: 'plaatsingen',
  processes_harmonised: 'processen geharmoniseerd',
  sessions: 'bijeenkomsten',
  sustained_placements: 'duurzame plaatsingen',
  training_places: 'opleidingsplaatsen',
  vacancies: 'vacatures',
};

export const UNITS_NL: Readonly<Record<string, string>> = {
  certificates: 'certificaten',
  employers: 'werkgevers',
  organisations: 'organisaties',
  people: 'personen',
  places: 'plaatsen',
  processes: 'processen',
  sessions: 'bijeenkomsten',
  vacancies: 'vacatures',
};

/** The Dutch word for a code in `table`, or the text itself. */
export function dutchWord(table: Readonly<Record<string, string>>, text: string): string {
  return Object.hasOwn(table, text) ? table[text] : text;
}
