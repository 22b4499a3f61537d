import type { DeviceKind } from '@vigie/contracts';
import { modelsOf, type DeviceModel } from '../catalog/device-models.ts';
import { intBetween, pick, type Random } from './prng.ts';

export type GroupAssignment = 'cart' | 'shared_room' | 'teacher' | 'individual' | 'stock';

/** Devices bought and used together: a cart, a room, the 1:1 devices of a year group, teachers', spares. */
export interface DeviceGroup {
  kind: DeviceKind;
  assignment: GroupAssignment;
  /** The cart's name (classe mobile); null for other groups. */
  cart: string | null;
  /** One model for a cart, a room or a 1:1 order (bought at once); several for teachers and stock. */
  models: DeviceModel[];
  first: number;
  size: number;
  /** Chance that the group (cart, room) or each device (others) is used in a given lesson hour. */
  lessonUse: number;
}

interface Share {
  kind: DeviceKind;
  assignment: GroupAssignment;
  share: number;
  label: string;
}

// Shares of an establishment's devices by type. Carts hold 15 to 35 tablets or laptops; rooms 12 to 30 PCs.
const SHARES: Record<'ecole' | 'college' | 'lycee', Share[]> = {
  ecole: [
    { kind: 'tablet', assignment: 'cart', share: 0.5, label: 'tablettes' },
    { kind: 'interactive_display', assignment: 'shared_room', share: 0.2, label: 'Classe' },
    { kind: 'laptop', assignment: 'teacher', share: 0.15, label: '' },
    { kind: 'desktop', assignment: 'shared_room', share: 0.12, label: 'BCD' },
  ],
  // Small groups first, so a small collège still has teachers' laptops, Chromebooks and a display.
  college: [
    { kind: 'laptop', assignment: 'teacher', share: 0.1, label: '' },
    { kind: 'chromebook', assignment: 'individual', share: 0.09, label: '' },
    { kind: 'interactive_display', assignment: 'shared_room', share: 0.04, label: 'Salle' },
    { kind: 'tablet', assignment: 'individual', share: 0.12, label: '' },
    { kind: 'tablet', assignment: 'cart', share: 0.3, label: 'tablettes' },
    { kind: 'desktop', assignment: 'shared_room', share: 0.22, label: 'Salle informatique' },
    { kind: 'laptop', assignment: 'cart', share: 0.1, label: 'portables' },
  ],
  lycee: [
    { kind: 'chromebook', assignment: 'individual', share: 0.4, label: '' },
    { kind: 'desktop', assignment: 'shared_room', share: 0.3, label: 'Salle informatique' },
    { kind: 'laptop', assignment: 'cart', share: 0.1, label: 'portables' },
    { kind: 'laptop', assignment: 'teacher', share: 0.08, label: '' },
    { kind: 'interactive_display', assignment: 'shared_room', share: 0.05, label: 'Salle' },
    { kind: 'tablet', assignment: 'cart', share: 0.04, label: 'tablettes' },
  ],
};
const STOCK_SHARE = 0.03;

/** A group size in [min, max] that never leaves a remainder smaller than `min` behind. */
function sizeWithin(random: Random, left: number, min: number, max: number): number {
  if (left <= max) return left;
  return Math.min(intBetween(random, min, max), left - min);
}

const baseUse: Record<GroupAssignment, [number, number]> = {
  cart: [0.08, 0.18],
  shared_room: [0.12, 0.3],
  teacher: [0.25, 0.45],
  individual: [0.06, 0.15],
  stock: [0, 0],
};

// Most classes mobiles of tablets are iPads managed by Jamf (the cart charges and syncs them).
function modelFor(random: Random, share: Share): DeviceModel {
  const models = modelsOf(share.kind);
  if (share.kind !== 'tablet' || share.assignment !== 'cart' || random() >= 0.75) return pick(random, models);
  return pick(
    random,
    models.filter((m) => m.osName === 'iPadOS'),
  );
}

/** Splits `total` devices of an establishment of `type` into groups, in index order. */
export function planGroups(random: Random, type: keyof typeof SHARES, total: number): DeviceGroup[] {
  const groups: DeviceGroup[] = [];
  let next = 0;
  const use = (a: GroupAssignment) => baseUse[a][0] + random() * (baseUse[a][1] - baseUse[a][0]);
  const add = (group: Omit<DeviceGroup, 'first' | 'size'>, size: number) => {
    const fitted = Math.min(size, total - next);
    if (fitted <= 0) return;
    groups.push({ ...group, first: next, size: fitted });
    next += fitted;
  };
  const stock = Math.max(total >= 20 ? 1 : 0, Math.round(total * STOCK_SHARE));
  const usable = total - stock;
  for (const s of SHARES[type]) {
    let end = Math.min(usable, next + Math.max(1, Math.round(usable * s.share)));
    if (s.assignment === 'cart' || s.assignment === 'shared_room') {
      const [min, max] = s.assignment === 'cart' ? [15, 35] : s.kind === 'interactive_display' ? [1, 1] : [12, 30];
      // A cart or a room is never smaller than its minimum: a small establishment gets one, or none.
      if (usable - next < min) continue;
      end = Math.max(end, next + min);
      for (let n = 0; next < end; n++) {
        const name = s.assignment === 'cart' ? `Chariot ${s.label} ${String.fromCharCode(65 + (n % 26))}${n >= 26 ? n : ''}` : null;
        add(
          { kind: s.kind, assignment: s.assignment, cart: name, models: [modelFor(random, s)], lessonUse: use(s.assignment) },
          sizeWithin(random, end - next, min, max),
        );
      }
    } else {
      const models = s.assignment === 'individual' ? [pick(random, modelsOf(s.kind))] : modelsOf(s.kind);
      add({ kind: s.kind, assignment: s.assignment, cart: null, models, lessonUse: use(s.assignment) }, end - next);
    }
  }
  // Spares: a mix of kinds bought with the orders, waiting in a cupboard.
  add(
    { kind: 'tablet', assignment: 'stock', cart: null, models: [...modelsOf('tablet'), ...modelsOf('laptop')], lessonUse: 0 },
    total - next,
  );
  return groups;
}
