// "Mesurer ne signifie pas contrôler": fields that name a person are never stored. An item carrying
// one is accepted without it, with a warning, so the sender learns and nothing personal is kept.
const PERSONAL_KEYS = new Set([
  'user',
  'users',
  'username',
  'userid',
  'userprincipalname',
  'upn',
  'email',
  'emailaddress',
  'mail',
  'owner',
  'ownername',
  'owneremail',
  'firstname',
  'lastname',
  'fullname',
  'displayname',
  'givenname',
  'surname',
  'recentusers',
  'lastuser',
  'assigneduser',
  'annotateduser',
  'phone',
  'phonenumber',
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

/** Whether a field names a person by its key, or holds an e-mail address. */
export function isPersonalField(key: string, value: unknown): boolean {
  if (isPersonalKey(key)) return true;
  // The '@' test first: the pattern alone backtracks on every '@'-free string (most of them).
  return typeof value === 'string' && value.includes('@') && EMAIL.test(value);
}

/** The first field of an event that carries personal data, or null. */
export function findPersonalField(event: unknown): string | null {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return null;
  for (const key in event) {
    if (Object.hasOwn(event, key) && isPersonalField(key, (event as Record<string, unknown>)[key])) return key;
  }
  return null;
}
