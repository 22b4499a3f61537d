// "Mesurer ne signifie pas contrôler": fields that name a person are refused outright, so a
// connector that forwards them learns at once instead of having them silently kept or dropped.
const PERSONAL_KEYS = new Set([
  'user', 'users', 'username', 'userid', 'userprincipalname', 'upn', 'email', 'emailaddress', 'mail',
  'owner', 'ownername', 'owneremail', 'firstname', 'lastname', 'fullname', 'displayname', 'givenname',
  'surname', 'recentusers', 'lastuser', 'assigneduser', 'annotateduser', 'phone', 'phonenumber',
]);
const EMAIL = /[^\s@"'<>]+@[^\s@"'<>]+\.[a-z]{2,}/i;

/** The first field of an event that carries personal data, or null. */
export function findPersonalField(event: unknown): string | null {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return null;
  for (const [key, value] of Object.entries(event)) {
    if (PERSONAL_KEYS.has(key.toLowerCase().replace(/[_-]/g, ''))) return key;
    // The '@' test first: the pattern alone backtracks on every '@'-free string (most of them).
    if (typeof value === 'string' && value.includes('@') && EMAIL.test(value)) return key;
  }
  return null;
}
