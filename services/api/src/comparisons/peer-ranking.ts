import { SizeBands } from '@vigie/contracts';

// Peer groups (docs/indicators.md, "Comparaisons"). The metrics, suppression, deltas and ranks are
// @vigie/indicators'; this file only says who an establishment's peers are.

export function sizeBand(pupils: number | null): string {
  if (pupils === null) return 'unknown_size';
  return SizeBands.find((b) => pupils <= b.max)!.name;
}

/** The peer group of an establishment: its type, plus its size band or education-priority status. */
export function peerGroup(e: { type: string; pupils: number | null; education_priority: string | null }, peers: string): string {
  if (peers === 'type_size') return `${e.type}/${sizeBand(e.pupils)}`;
  if (peers === 'type_priority') return `${e.type}/${e.education_priority ?? 'hors_ep'}`;
  return e.type;
}
