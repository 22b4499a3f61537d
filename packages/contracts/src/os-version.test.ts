import { describe, expect, it } from 'vitest';
import { normaliseOsVersion, osPlatform } from './os-version.ts';

describe('OS versions normalised per platform', () => {
  it.each([
    ['Windows', '10.0.22631.4602', '10.0.22631.4602'],
    ['Windows', 'Microsoft Windows 11 Éducation 23H2', '10.0.22631'],
    ['Windows', 'Microsoft Windows 11 Éducation 24H2', '10.0.26100'],
    ['windows', 'Windows 10 Education 22H2', '10.0.19045'],
    ['Windows 10 Pro', '1909', '10.0.18363'],
    ['Windows', 'Microsoft Windows 11 Pro', '10.0.22000'],
    ['Windows', 'Windows 11 Enterprise 23H2 10.0.22631.4602', '10.0.22631.4602'],
    ['macOS', '15.6.1', '15.6.1'],
    ['Mac OS X', 'macOS Sonoma', '14'],
    ['iPadOS', '18.7.2', '18.7.2'],
    ['iOS', 'iOS 17.6.1', '17.6.1'],
    ['ChromeOS', '154.0.7768.98', '154.0.7768.98'],
    [null, 'ChromeOS 154.0.7768.98', '154.0.7768.98'],
    ['Android', '14', '14'],
    ['Android', '34', '14'],
    ['Android', 'API 33', '13'],
    ['Android', 'unknown', null],
  ])('%s %s is %s', (name, raw, expected) => expect(normaliseOsVersion(name, raw)).toBe(expected));

  it('finds the platform in a marketing name when the OS name is missing', () => {
    expect(osPlatform(null, 'Microsoft Windows 11 Éducation 23H2')).toBe('windows');
    expect(osPlatform('iPadOS')).toBe('ipados');
  });
});
