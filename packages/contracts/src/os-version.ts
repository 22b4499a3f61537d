// MDMs say an OS version in their own words: Graph and Jamf a build or a dotted number, Fleet a
// marketing name ("Microsoft Windows 11 Éducation 23H2"), Headwind an Android version, some agents
// an API level. Obsolescence compares versions, so each platform's is normalised to one comparable
// form, the raw text kept beside it.

/** Windows feature updates (marketing "23H2", "1909") -> build, per major version (Microsoft release information). */
const WINDOWS_BUILDS: Record<string, Record<string, number>> = {
  '10': {
    '1507': 10240,
    '1511': 10586,
    '1607': 14393,
    '1703': 15063,
    '1709': 16299,
    '1803': 17134,
    '1809': 17763,
    '1903': 18362,
    '1909': 18363,
    '2004': 19041,
    '20h2': 19042,
    '21h1': 19043,
    '21h2': 19044,
    '22h2': 19045,
  },
  '11': { '21h2': 22000, '22h2': 22621, '23h2': 22631, '24h2': 26100, '25h2': 26200 },
};
/** The first build of each major: a name without a release is at least that. */
const WINDOWS_FIRST: Record<string, number> = { '10': 10240, '11': 22000 };

/** Android API level -> version (developer.android.com/tools/releases/platforms). */
const ANDROID_API: Record<number, string> = {
  21: '5.0',
  22: '5.1',
  23: '6.0',
  24: '7.0',
  25: '7.1',
  26: '8.0',
  27: '8.1',
  28: '9',
  29: '10',
  30: '11',
  31: '12',
  32: '12.1',
  33: '13',
  34: '14',
  35: '15',
  36: '16',
};

const MACOS_NAMES: Record<string, string> = {
  'big sur': '11',
  monterey: '12',
  ventura: '13',
  sonoma: '14',
  sequoia: '15',
  tahoe: '26',
};

export type OsPlatform = 'windows' | 'macos' | 'ipados' | 'ios' | 'chromeos' | 'android' | 'linux';

/** The platform of an OS name (or of a version text that names it), or null. */
export function osPlatform(osName: string | null | undefined, osVersion?: string | null): OsPlatform | null {
  const text = `${osName ?? ''} ${osVersion ?? ''}`.toLowerCase().replace(/\s+/g, '');
  if (text.includes('windows')) return 'windows';
  if (text.includes('ipados')) return 'ipados';
  if (text.includes('chrome')) return 'chromeos';
  if (text.includes('android')) return 'android';
  if (text.includes('macos') || text.includes('osx') || text.startsWith('mac') || text.includes('darwin')) return 'macos';
  if (/^ios|iphoneos|ipad/.test(text)) return /ipad/.test(text) ? 'ipados' : 'ios';
  if (/linux|ubuntu|debian|fedora/.test(text)) return 'linux';
  return null;
}

const dotted = (text: string) => /\d+(?:\.\d+)*/.exec(text)?.[0] ?? null;

function windowsVersion(raw: string): string | null {
  const build = /\b10\.0\.(\d{4,5})(?:\.(\d+))?/.exec(raw);
  if (build) return build[2] ? `10.0.${build[1]}.${build[2]}` : `10.0.${build[1]}`;
  const major = /windows\s*(10|11)\b/i.exec(raw)?.[1] ?? /^\s*(10|11)\b/.exec(raw)?.[1];
  if (!major) return null;
  const release = /\b(\d{2}h\d|1[5-9]\d{2}|20\d{2})\b/i.exec(raw.slice(raw.search(/(10|11)/) + 2))?.[1]?.toLowerCase();
  const known = release ? WINDOWS_BUILDS[major]![release] : undefined;
  return `10.0.${known ?? WINDOWS_FIRST[major]}`;
}

function androidVersion(raw: string): string | null {
  const api = /(?:api|sdk)\s*(?:level\s*)?(\d{2})/i.exec(raw)?.[1];
  if (api) return ANDROID_API[Number(api)] ?? null;
  const version = dotted(raw);
  if (!version) return null;
  // No Android version has reached 21: a bare number that high is an API level.
  const major = Number(version.split('.')[0]);
  return major >= 21 ? (ANDROID_API[major] ?? null) : version;
}

function macosVersion(raw: string): string | null {
  const version = dotted(raw);
  if (version) return version;
  const name = Object.keys(MACOS_NAMES).find((n) => raw.toLowerCase().includes(n));
  return name ? MACOS_NAMES[name]! : null;
}

/**
 * A comparable version for the platform: Windows as 10.0.<build>[.<revision>] (marketing names and
 * editions mapped to their build), macOS, iOS and iPadOS as dotted numbers, ChromeOS as the Chrome
 * version (154.0.7768.98), Android as its version (API levels mapped). Null when not understood.
 */
export function normaliseOsVersion(osName: string | null | undefined, raw: string | null | undefined): string | null {
  if (!raw) return null;
  switch (osPlatform(osName, raw)) {
    case 'windows':
      return windowsVersion(`${osName ?? ''} ${raw}`);
    case 'android':
      return androidVersion(raw);
    case 'macos':
      return macosVersion(raw);
    case 'ipados':
    case 'ios':
    case 'chromeos':
    case 'linux':
      return dotted(raw);
    default:
      return dotted(raw);
  }
}
