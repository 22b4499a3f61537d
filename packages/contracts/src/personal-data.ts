// "Mesurer ne signifie pas contrôler": fields that name a person are refused outright, so a
// connector that forwards them learns at once instead of having them silently kept or dropped.
const PERSONAL_KEYS = new Set([
  'user', 'users', 'username', 'userid', 'userprincipalname', 'upn', 'email', 'emailaddress', 'mail',
  'owner', 'ownername', 'owneremail', 'firstname', 'lastname', 'fullname', 'displayname', 'givenname',
  'surname', 'recentusers', 'lastuser', 'assigneduser', 'annotateduser', 'phone', 'phonenumber',
]);
const EMAIL = /[^\s@"'<>]+@[^\s@"'<>]+\.[a-z]{2,}/i;

// Every ingested event is checked and the same few keys recur: each key is judged once.
const judged = new Map<string, boolean>();
const MAX_JUDGED_KEYS = 10_000;

function isPersonalKey(key: string): boolean {
  let personal = judged.get(key);
  if (personal === undefined) {
    personal = PERSONAL_KEYS.has(key.toLowerCase().replace(/[_-]/g, ''));
    if (judged.size >= MAX_JUDGED_KEYS) judged.clear();
    judged.set(key, personal);
  }
  return personal;
}

/** The first field of an event that carries personal data, or null. */
export function findPersonalField(event: unknown): string | null {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return null;
  for (const key in event) {
    if (!Object.hasOwn(event, key)) continue;
    if (isPersonalKey(key)) return key;
    const value = (event as Record<string, unknown>)[key];
    // The '@' test first: the pattern alone backtracks on every '@'-free string (most of them).
    if (typeof value === 'string' && value.includes('@') && EMAIL.test(value)) return key;
  }
  return null;
}
