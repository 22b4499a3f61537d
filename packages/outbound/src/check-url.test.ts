import { describe, expect, it } from 'vitest';
import { parseAllowList } from './allow-list.ts';
import { urlRefusal } from './check-url.ts';

const none = [parseAllowList([])];

describe('urlRefusal', () => {
  it.each([
    'http://127.0.0.1/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://0177.0.0.1/',
    'http://127.1/',
    'http://[::1]:8080/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://169.254.169.254/latest/meta-data/',
    'https://10.0.0.1/',
    'http://0.0.0.0/',
    'http://localhost:3000/',
    'http://LOCALHOST./',
    'http://api.localhost/',
    'http://metadata.google.internal/',
    'http://db.internal/',
    'http://[fd00::2]/',
    'http://100.64.1.1/',
    'http://224.0.0.1/',
  ])('refuses %s', (url) => {
    expect(urlRefusal(url, none)?.code).toBe('internal_address');
  });

  it.each(['https://graph.microsoft.com/v1.0', 'https://glpi.lycee-exemple.fr/apirest.php', 'http://8.8.8.8/'])(
    'lets %s through',
    (url) => {
      expect(urlRefusal(url, none)).toBeNull();
    },
  );

  it('lets an allow-listed CIDR through, and a name open private networks only', () => {
    const list = parseAllowList(['10.20.0.0/16', 'glpi.lycee.internal', 'localhost']);
    expect(urlRefusal('http://10.20.3.4/', [list])).toBeNull();
    expect(urlRefusal('http://10.21.3.4/', [list])).not.toBeNull();
    expect(urlRefusal('http://glpi.lycee.internal/', [list])).toBeNull();
    expect(urlRefusal('http://localhost/', [list])).not.toBeNull();
    expect(urlRefusal('http://[::ffff:10.20.0.1]/', [list])).toBeNull();
  });
});
