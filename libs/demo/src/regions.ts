import regionList from './regions.json' with { type: 'json' };

/** The 35 labour-market regions (arbeidsmarktregio's), copied from the shared data so the demo needs nothing else. */
export const REGIONS: readonly { id: string; name: string }[] = regionList;

/** Who works together in a region: the organisations the demo registers and joins there. */
export interface RegionProfile {
  /** The central municipality (centrumgemeente), the region's lead. */
  central: string;
  /** Other municipalities in the region; the demo joins two to four of them. */
  municipalities: string[];
  province: keyof typeof PROVINCES;
  roc: keyof typeof ROCS;
  employers: keyof typeof EMPLOYER_ORGANISATIONS;
}

export const PROVINCES = {
  groningen: 'Provincie Groningen',
  fryslan: 'Provinsje Fryslân',
  drenthe: 'Provincie Drenthe',
  overijssel: 'Provincie Overijssel',
  gelderland: 'Provincie Gelderland',
  utrecht: 'Provincie Utrecht',
  'noord-holland': 'Provincie Noord-Holland',
  'zuid-holland': 'Provincie Zuid-Holland',
  zeeland: 'Provincie Zeeland',
  'noord-brabant': 'Provincie Noord-Brabant',
  limburg: 'Provincie Limburg',
  flevoland: 'Provincie Flevoland',
} as const;

/** Regional vocational schools (roc's); some serve two regions. */
export const ROCS = {
  noorderpoort: 'Noorderpoort',
  'friesland-college': 'Friesland College',
  'drenthe-college': 'Drenthe College',
  deltion: 'Deltion College',
  'roc-van-twente': 'ROC van Twente',
  aventus: 'Aventus',
  'graafschap-college': 'Graafschap College',
  'rijn-ijssel': 'Rijn IJssel',
  'roc-nijmegen': 'ROC Nijmegen',
  'roc-rivor': 'ROC Rivor',
  'roc-a12': 'ROC A12',
  'mbo-amersfoort': 'MBO Amersfoort',
  'mbo-utrecht': 'MBO Utrecht',
  'roc-van-amsterdam': 'ROC van Amsterdam',
  'regio-college': 'Regio College',
  'nova-college': 'Nova College',
  'horizon-college': 'Horizon College',
  'mbo-rijnland': 'MBO Rijnland',
  'id-college': 'ID College',
  'roc-mondriaan': 'ROC Mondriaan',
  albeda: 'Albeda',
  'da-vinci-college': 'Da Vinci College',
  curio: 'Curio',
  'roc-tilburg': 'ROC Tilburg',
  'koning-willem-i-college': 'Koning Willem I College',
  'summa-college': 'Summa College',
  'roc-ter-aa': 'ROC Ter AA',
  'gilde-opleidingen': 'Gilde Opleidingen',
  'vista-college': 'Vista college',
  scalda: 'Scalda',
  'roc-flevoland': 'ROC Flevoland',
} as const;

/** Employers' organisations by part of the country (VNO-NCW and MKB-Nederland, BZW, LWV). */
export const EMPLOYER_ORGANISATIONS = {
  'vno-ncw-mkb-noord': 'VNO-NCW MKB Noord',
  'vno-ncw-mkb-oost': 'VNO-NCW MKB Oost',
  'vno-ncw-midden': 'VNO-NCW Midden',
  'vno-ncw-west': 'VNO-NCW West',
  'mkb-rotterdam-rijnmond': 'MKB Rotterdam Rijnmond',
  bzw: 'BZW Brabants-Zeeuwse Werkgeversvereniging',
  lwv: 'Limburgse Werkgeversvereniging',
} as const;

export const REGION_PROFILES: Readonly<Record<string, RegionProfile>> = {
  groningen: {
    central: 'Groningen',
    municipalities: ['Midden-Groningen', 'Eemsdelta', 'Westerkwartier', 'Het Hogeland'],
    province: 'groningen',
    roc: 'noorderpoort',
    employers: 'vno-ncw-mkb-noord',
  },
  friesland: {
    central: 'Leeuwarden',
    municipalities: ['Súdwest-Fryslân', 'Smallingerland', 'Heerenveen', 'Noardeast-Fryslân'],
    province: 'fryslan',
    roc: 'friesland-college',
    employers: 'vno-ncw-mkb-noord',
  },
  drenthe: {
    central: 'Emmen',
    municipalities: ['Assen', 'Hoogeveen', 'Coevorden', 'Borger-Odoorn'],
    province: 'drenthe',
    roc: 'drenthe-college',
    employers: 'vno-ncw-mkb-noord',
  },
  'regio-zwolle': {
    central: 'Zwolle',
    municipalities: ['Kampen', 'Meppel', 'Hardenberg', 'Steenwijkerland'],
    province: 'overijssel',
    roc: 'deltion',
    employers: 'vno-ncw-mkb-oost',
  },
  twente: {
    central: 'Enschede',
    municipalities: ['Hengelo', 'Almelo', 'Oldenzaal', 'Hof van Twente'],
    province: 'overijssel',
    roc: 'roc-van-twente',
    employers: 'vno-ncw-mkb-oost',
  },
  'stedendriehoek-en-noordwest-veluwe': {
    central: 'Apeldoorn',
    municipalities: ['Deventer', 'Zutphen', 'Harderwijk', 'Epe'],
    province: 'gelderland',
    roc: 'aventus',
    employers: 'vno-ncw-mkb-oost',
  },
  achterhoek: {
    central: 'Doetinchem',
    municipalities: ['Winterswijk', 'Oost Gelre', 'Aalten', 'Montferland'],
    province: 'gelderland',
    roc: 'graafschap-college',
    employers: 'vno-ncw-mkb-oost',
  },
  'midden-gelderland': {
    central: 'Arnhem',
    municipalities: ['Rheden', 'Overbetuwe', 'Zevenaar', 'Renkum'],
    province: 'gelderland',
    roc: 'rijn-ijssel',
    employers: 'vno-ncw-mkb-oost',
  },
  'rijk-van-nijmegen': {
    central: 'Nijmegen',
    municipalities: ['Wijchen', 'Berg en Dal', 'Heumen', 'Druten'],
    province: 'gelderland',
    roc: 'roc-nijmegen',
    employers: 'vno-ncw-mkb-oost',
  },
  rivierenland: {
    central: 'Tiel',
    municipalities: ['Culemborg', 'West Betuwe', 'Zaltbommel', 'Buren'],
    province: 'gelderland',
    roc: 'roc-rivor',
    employers: 'vno-ncw-mkb-oost',
  },
  foodvalley: {
    central: 'Ede',
    municipalities: ['Wageningen', 'Barneveld', 'Veenendaal', 'Nijkerk'],
    province: 'gelderland',
    roc: 'roc-a12',
    employers: 'vno-ncw-mkb-oost',
  },
  amersfoort: {
    central: 'Amersfoort',
    municipalities: ['Soest', 'Leusden', 'Baarn', 'Bunschoten'],
    province: 'utrecht',
    roc: 'mbo-amersfoort',
    employers: 'vno-ncw-midden',
  },
  'midden-utrecht': {
    central: 'Utrecht',
    municipalities: ['Nieuwegein', 'Zeist', 'Stichtse Vecht', 'Houten'],
    province: 'utrecht',
    roc: 'mbo-utrecht',
    employers: 'vno-ncw-midden',
  },
  'gooi-en-vechtstreek': {
    central: 'Hilversum',
    municipalities: ['Huizen', 'Gooise Meren', 'Wijdemeren', 'Blaricum'],
    province: 'noord-holland',
    roc: 'roc-van-amsterdam',
    employers: 'vno-ncw-west',
  },
  'groot-amsterdam': {
    central: 'Amsterdam',
    municipalities: ['Amstelveen', 'Haarlemmermeer', 'Diemen', 'Aalsmeer'],
    province: 'noord-holland',
    roc: 'roc-van-amsterdam',
    employers: 'vno-ncw-west',
  },
  'zaanstreek-waterland': {
    central: 'Zaanstad',
    municipalities: ['Purmerend', 'Edam-Volendam', 'Oostzaan', 'Wormerland'],
    province: 'noord-holland',
    roc: 'regio-college',
    employers: 'vno-ncw-west',
  },
  'zuid-kennemerland-en-ijmond': {
    central: 'Haarlem',
    municipalities: ['Velsen', 'Beverwijk', 'Heemskerk', 'Zandvoort'],
    province: 'noord-holland',
    roc: 'nova-college',
    employers: 'vno-ncw-west',
  },
  'noord-holland-noord': {
    central: 'Alkmaar',
    municipalities: ['Den Helder', 'Hoorn', 'Schagen', 'Heerhugowaard'],
    province: 'noord-holland',
    roc: 'horizon-college',
    employers: 'vno-ncw-west',
  },
  'holland-rijnland': {
    central: 'Leiden',
    municipalities: ['Alphen aan den Rijn', 'Katwijk', 'Leiderdorp', 'Teylingen'],
    province: 'zuid-holland',
    roc: 'mbo-rijnland',
    employers: 'vno-ncw-west',
  },
  'zuid-holland-centraal': {
    central: 'Zoetermeer',
    municipalities: ['Lansingerland', 'Pijnacker-Nootdorp', 'Leidschendam-Voorburg', 'Wassenaar'],
    province: 'zuid-holland',
    roc: 'id-college',
    employers: 'vno-ncw-west',
  },
  haaglanden: {
    central: 'Den Haag',
    municipalities: ['Delft', 'Rijswijk', 'Westland', 'Midden-Delfland'],
    province: 'zuid-holland',
    roc: 'roc-mondriaan',
    employers: 'vno-ncw-west',
  },
  'midden-holland': {
    central: 'Gouda',
    municipalities: ['Waddinxveen', 'Bodegraven-Reeuwijk', 'Zuidplas', 'Krimpenerwaard'],
    province: 'zuid-holland',
    roc: 'id-college',
    employers: 'vno-ncw-west',
  },
  rijnmond: {
    central: 'Rotterdam',
    municipalities: ['Schiedam', 'Vlaardingen', 'Capelle aan den IJssel', 'Nissewaard'],
    province: 'zuid-holland',
    roc: 'albeda',
    employers: 'mkb-rotterdam-rijnmond',
  },
  drechtsteden: {
    central: 'Dordrecht',
    municipalities: ['Zwijndrecht', 'Sliedrecht', 'Papendrecht', 'Alblasserdam'],
    province: 'zuid-holland',
    roc: 'da-vinci-college',
    employers: 'vno-ncw-west',
  },
  gorinchem: {
    central: 'Gorinchem',
    municipalities: ['Molenlanden', 'Vijfheerenlanden', 'Hardinxveld-Giessendam'],
    province: 'zuid-holland',
    roc: 'da-vinci-college',
    employers: 'vno-ncw-west',
  },
  'west-brabant': {
    central: 'Breda',
    municipalities: ['Roosendaal', 'Bergen op Zoom', 'Etten-Leur', 'Oosterhout'],
    province: 'noord-brabant',
    roc: 'curio',
    employers: 'bzw',
  },
  'midden-brabant': {
    central: 'Tilburg',
    municipalities: ['Waalwijk', 'Oisterwijk', 'Dongen', 'Gilze en Rijen'],
    province: 'noord-brabant',
    roc: 'roc-tilburg',
    employers: 'bzw',
  },
  'noordoost-brabant': {
    central: "'s-Hertogenbosch",
    municipalities: ['Oss', 'Meierijstad', 'Vught', 'Bernheze'],
    province: 'noord-brabant',
    roc: 'koning-willem-i-college',
    employers: 'bzw',
  },
  'zuidoost-brabant': {
    central: 'Eindhoven',
    municipalities: ['Veldhoven', 'Best', 'Valkenswaard', 'Geldrop-Mierlo'],
    province: 'noord-brabant',
    roc: 'summa-college',
    employers: 'bzw',
  },
  'helmond-de-peel': {
    central: 'Helmond',
    municipalities: ['Deurne', 'Gemert-Bakel', 'Asten', 'Laarbeek'],
    province: 'noord-brabant',
    roc: 'roc-ter-aa',
    employers: 'bzw',
  },
  'noord-limburg': {
    central: 'Venlo',
    municipalities: ['Venray', 'Horst aan de Maas', 'Peel en Maas', 'Beesel'],
    province: 'limburg',
    roc: 'gilde-opleidingen',
    employers: 'lwv',
  },
  'midden-limburg': {
    central: 'Roermond',
    municipalities: ['Weert', 'Leudal', 'Roerdalen', 'Maasgouw'],
    province: 'limburg',
    roc: 'gilde-opleidingen',
    employers: 'lwv',
  },
  'zuid-limburg': {
    central: 'Heerlen',
    municipalities: ['Maastricht', 'Sittard-Geleen', 'Kerkrade', 'Brunssum'],
    province: 'limburg',
    roc: 'vista-college',
    employers: 'lwv',
  },
  zeeland: {
    central: 'Middelburg',
    municipalities: ['Vlissingen', 'Goes', 'Terneuzen', 'Schouwen-Duiveland'],
    province: 'zeeland',
    roc: 'scalda',
    employers: 'bzw',
  },
  flevoland: {
    central: 'Almere',
    municipalities: ['Lelystad', 'Dronten', 'Noordoostpolder', 'Zeewolde'],
    province: 'flevoland',
    roc: 'roc-flevoland',
    employers: 'vno-ncw-midden',
  },
};

/** `'s-Hertogenbosch` → `s-hertogenbosch`, `Súdwest-Fryslân` → `sudwest-fryslan`. */
export function slug(text: string, max = 60): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/g, '');
}
