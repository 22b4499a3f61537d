// Device names are useful for search ("CJF-S104-PC01") but MDMs let people name devices after
// themselves ("iPad de Sophie", "Marc's MacBook", an e-mail). A name that looks personal is replaced
// by a neutral label before anything stores it: a false positive costs a search hit, a false
// negative a pupil's name, so the test leans to masking.

/** What a device name that looks personal is stored as. */
export const NEUTRAL_NAME = 'nom masqué';

// Frequent first names in French schools (INSEE fichier des prénoms, 1950-2020, plus recent births).
// Compared without accents and case, as whole words of the name.
const FIRST_NAMES = new Set(
  `
adam adele agathe alain alexandre alexis alice alicia aline amandine amelie anais andre angelique anne annie antoine
arnaud arthur audrey aurelie baptiste benjamin benoit bernard brigitte bruno camille capucine caroline catherine cecile
celine charles charlotte chantal chloe christian christine christophe claire clara claude clement colette coralie corinne
damien daniel david delphine denis didier dominique dylan eliane elise elodie eloise emilie emma emmanuel enzo eric estelle
ethan eva fabien fabrice fanny florence florian francis francois francoise frederic gabriel gael gerard gilles guillaume
helene henri hugo ines irene isabelle jacqueline jacques jade jean jeanne jeremy jerome jessica joelle jonathan jordan joseph
josiane jules julia julie julien juliette justine karine kevin laetitia laura laurence laurent lea lea leo leon lina louis
louise luc lucas lucie lucile mael maelle manon marc marcel margaux margot marie marine martin martine mathieu mathilde
mathis matteo maxime melanie michel michele mickael monique morgane nadia nadine nathalie nathan nicolas noah noemie oceane
olivier pascal pascale patricia patrick paul pauline philippe pierre quentin raphael remi renee richard robert romain rose
sabine sacha samuel sandrine sarah sebastien simon sophie stephane stephanie sylvain sylvie theo thierry thomas timothee tom
valentin valerie vanessa veronique victor vincent virginie yann yannick yasmine yves zoe mohamed mehdi yanis rayan ayoub
amine karim sofiane nour fatima aicha leila myriam
`
    .trim()
    .split(/\s+/),
);

const EMAIL = /[^\s@"'<>]+@[^\s@"'<>]+\.[a-z]{2,}/i;
// "iPad de Sophie", "PC d'Ines", "Tablette du prof", "Marc's iPad".
const POSSESSIVE =
  /\b(?:ipad|iphone|tablette|tab|pc|mac|macbook|ordinateur|portable|chromebook|telephone)\s+(?:de|du|d')\s*\S|\S'?s\s+(?:ipad|iphone|macbook|mac|pc|laptop|chromebook)\b/i;

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

/** Whether a device name looks like it names a person. */
export function looksPersonal(name: string): boolean {
  const folded = fold(name);
  if (EMAIL.test(name) || POSSESSIVE.test(folded)) return true;
  return folded.split(/[^a-z]+/).some((word) => FIRST_NAMES.has(word));
}

/** The name to store: as given, or the neutral label when it looks personal. */
export function neutralName(name: string): string {
  return looksPersonal(name) ? NEUTRAL_NAME : name;
}
