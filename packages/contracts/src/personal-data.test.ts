import { describe, expect, it } from 'vitest';
import { findPersonalField } from './personal-data.ts';

describe('personal data in events', () => {
  it.each([
    [{ userPrincipalName: 'x' }, 'userPrincipalName'],
    [{ user_name: 'jdupont' }, 'user_name'],
    [{ emailAddress: 'x' }, 'emailAddress'],
    [{ recent_users: [] }, 'recent_users'],
    [{ model: 'iPad de marie.dupont@ac-creteil.fr' }, 'model'],
  ])('finds %j', (event, field) => expect(findPersonalField(event)).toBe(field));

  it('lets device fields through', () => {
    expect(findPersonalField({ type: 'inventory', serial: 'DMPX1234', model: 'iPad 9', os_version: '17.5' })).toBeNull();
    expect(findPersonalField('not an object')).toBeNull();
  });
});
