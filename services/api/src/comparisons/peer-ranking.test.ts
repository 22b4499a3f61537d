import { describe, expect, it } from 'vitest';
import { peerGroup, sizeBand } from './peer-ranking.ts';

describe('peer groups', () => {
  it('group peers by type, size band or education priority', () => {
    expect(sizeBand(650)).toBe('600_899');
    expect(sizeBand(null)).toBe('unknown_size');
    expect(peerGroup({ type: 'college', pupils: 250, education_priority: 'REP+' }, 'type_size')).toBe('college/lt300');
    expect(peerGroup({ type: 'college', pupils: 250, education_priority: null }, 'type_priority')).toBe('college/hors_ep');
  });
});
