import { ecpBitsPerLine } from '../reliability/ecpTable.js';
import type { LayoutParameters, TreeParameters } from './timingParameters.js';

/**
 * One labelled design the IRO reproduction times. Every field is a mechanism the expander
 * (createDesignExpander) turns into memory requests and crypto work; the combinations below
 * are the baselines, IRO as its abstract states it, and the hypotheses for its −2.14 %.
 */
export interface DesignVariant {
  id: string;
  name: string;
  role: 'baseline' | 'iro' | 'hypothesis';
  /** What the variant is, and for a baseline which reading of "the baseline Ring ORAM". */
  reading: string;
  /**
   * 'none': confidentiality only. 'merkle-buckets': a Merkle tree whose node is a whole bucket
   * (metadata + all Z + S slots), digests of the two children in the metadata; checking a bucket
   * reads all its slots. 'ecc-chip-macs' (Synergy-style): a 64-bit MAC per 64-byte line in the
   * line's ECC chip, moved with the data (no extra burst), computed for every line the memory
   * controller reads or writes. 'rit': digests of the children's metadata in each bucket's
   * metadata, tags of the blocks in the metadata too (no extra access).
   */
  integrity: 'none' | 'merkle-buckets' | 'ecc-chip-macs' | 'rit';
  /** Which slot lines get a MAC computed or checked (RIT only; the others follow from integrity). */
  slotMacs: 'reals-and-replicas' | 'every-slot';
  /** Bytes of one stored tag in metadata (RIT): 8 for a 64-bit MAC, 16 for the package's Poly1305. */
  tagBytes: number;
  /**
   * MUST (RIT only): 'none' writes every updated metadata block back at once;
   * 'fold-at-eviction' keeps ReadPath's updates in trusted memory and writes them at the next
   * EvictPath (as the package's functional ORAM does); a number keeps up to that many blocks
   * across evictions (least recently used written first).
   */
  must: 'none' | 'fold-at-eviction' | number;
  /** Which metadata writes go to two channels. */
  mirror: 'none' | 'must-only' | 'all-metadata';
  replication: boolean;
  /** Where ECP-n entries live: in the line's ECC-chip bits (no bus cost) or packed into metadata. */
  ecp: 'none' | 'ecc-chip' | 'metadata';
  ecpEntries: number;
  /** Hypothesis H2: each ReadPath slot read goes to the less loaded channel (real: primary or replica). */
  balanceChannels: boolean;
}

const BURST_BITS = 512;

/** Bits of a bucket's metadata, and its size in whole 64-byte bursts, for a variant and tree. */
export function metadataLayout(
  v: DesignVariant,
  tree: TreeParameters,
  layout: LayoutParameters,
): {
  bits: number;
  bytes: number;
  bursts: number;
  ecpBitsPerLine: number;
  parts: Record<string, number>;
} {
  const W = tree.Z + tree.S;
  const log2 = (n: number) => Math.max(1, Math.ceil(Math.log2(n)));
  const parts: Record<string, number> = {
    count: log2(tree.S + 1),
    valid: W,
    entries: tree.Z * (log2(tree.capacity) + tree.levels + log2(W)),
    iv: layout.ivBits,
  };
  if (v.integrity === 'merkle-buckets' || v.integrity === 'rit') {
    parts.childDigests = 2 * layout.digestBits;
  }
  if (v.integrity === 'rit') {
    const tags = v.slotMacs === 'every-slot' ? W : v.replication ? 2 * tree.Z : tree.Z;
    parts.tags = tags * v.tagBytes * 8;
  }
  if (v.replication) parts.replicaPointers = tree.Z * log2(W);
  const ecpBits = v.ecp === 'none' ? 0 : ecpBitsPerLine(v.ecpEntries);
  let bits = Object.values(parts).reduce((s, x) => s + x, 0);
  if (v.ecp === 'metadata') {
    // Entries for every slot line and every metadata line, packed at bit granularity: the
    // metadata's own lines depend on its size, so iterate to the fixed point.
    let lines = 1;
    for (;;) {
      const withEcp = bits + (W + lines) * ecpBits;
      const need = Math.ceil(withEcp / BURST_BITS);
      if (need <= lines) break;
      lines = need;
    }
    parts.ecp = (W + lines) * ecpBits;
    bits += parts.ecp;
  }
  const bursts = Math.ceil(bits / BURST_BITS);
  return { bits, bytes: bursts * 64, bursts, ecpBitsPerLine: ecpBits, parts };
}

/** Checks a variant against the ECC chip's capacity and the mechanisms it combines. */
export function validateVariant(v: DesignVariant, layout: LayoutParameters): void {
  if (v.ecp === 'ecc-chip') {
    if (v.integrity === 'ecc-chip-macs') {
      throw new RangeError(
        `${v.id}: ecp 'ecc-chip' cannot share the ECC chip with Synergy-style MACs`,
      );
    }
    const need = ecpBitsPerLine(v.ecpEntries);
    if (need > layout.eccBitsPerLine) {
      throw new RangeError(
        `${v.id}: ECP-${v.ecpEntries} needs ${need} bits per line, more than the ${layout.eccBitsPerLine} ECC bits`,
      );
    }
  }
  if (v.must !== 'none' && v.integrity !== 'rit') {
    throw new RangeError(`${v.id}: MUST needs integrity 'rit'`);
  }
  if (typeof v.must === 'number' && !(Number.isInteger(v.must) && v.must >= 1)) {
    throw new RangeError(`${v.id}: must capacity must be an integer >= 1, got ${v.must}`);
  }
  if (v.balanceChannels && !v.replication) {
    throw new RangeError(
      `${v.id}: balanceChannels needs replication (a real block has one copy otherwise)`,
    );
  }
}

const plain: Omit<DesignVariant, 'id' | 'name' | 'role' | 'reading'> = {
  integrity: 'none',
  slotMacs: 'reals-and-replicas',
  tagBytes: 8,
  must: 'none',
  mirror: 'none',
  replication: false,
  ecp: 'none',
  ecpEntries: 6,
  balanceChannels: false,
};

/** IRO as its abstract states it; the hypotheses below change one thing each. */
export const iroAsStated: DesignVariant = {
  ...plain,
  id: 'iro',
  name: 'IRO as stated',
  role: 'iro',
  reading:
    "RIT: children's metadata digests and 64-bit tags of the real blocks and their replicas in the metadata ReadPath already reads (no extra access); dummies get no MAC (their content is never used, and which slots are dummies is in the authenticated metadata); MUST holds ReadPath's metadata updates until the next EvictPath; only MUST's writes are mirrored; Secure Replication; ECP-6 (61 bits) in each line's 64 ECC-chip bits",
  integrity: 'rit',
  must: 'fold-at-eviction',
  mirror: 'must-only',
  replication: true,
  ecp: 'ecc-chip',
};

/** The labelled variants of the reproduction, baselines first. */
export function iroDesignVariants(mustCapacities: readonly number[]): DesignVariant[] {
  return [
    {
      ...plain,
      id: 'ring',
      name: 'Ring ORAM',
      role: 'baseline',
      reading:
        'the literal reading of "the baseline Ring ORAM": the protocol alone, confidentiality only. IRO only adds work to it unless a hypothesis saves memory time',
    },
    {
      ...plain,
      id: 'merkle',
      name: 'Ring ORAM + Merkle over buckets',
      role: 'baseline',
      reading:
        'the "forced combination" with a conventional integrity tree (Path ORAM style, node = whole bucket): each bucket read reads all Z + S slots to check its hash. IRO is faster in both settings, so no sign flip',
      integrity: 'merkle-buckets',
    },
    {
      ...plain,
      id: 'synergy',
      name: 'Ring ORAM + Synergy MACs',
      role: 'baseline',
      reading:
        "the forced combination with Synergy (HPCA 2018): a 64-bit MAC per line in the ECC chip, no extra burst, but the memory controller MACs every line it moves, dummies and metadata included. Replay protection (Synergy's counter tree) not modelled",
      integrity: 'ecc-chip-macs',
    },
    iroAsStated,
    {
      ...iroAsStated,
      id: 'iro-package',
      name: "IRO as this package's ORAM builds it",
      role: 'iro',
      reading:
        'the functional reconstruction in src/ringOram.ts: a 16-byte tag for every slot in the metadata, a MAC for every slot moved, every metadata write mirrored, ECP-6 packed into the metadata. What the previous model timed',
      slotMacs: 'every-slot',
      tagBytes: 16,
      mirror: 'all-metadata',
      ecp: 'metadata',
    },
    ...mustCapacities.map(
      (k): DesignVariant => ({
        ...iroAsStated,
        id: `h1-must-${k}`,
        name: `H1: MUST of ${k} blocks kept across evictions`,
        role: 'hypothesis',
        reading: `MUST keeps up to ${k} updated metadata blocks on chip across evictions: a bucket read again is served from MUST (no metadata read) and an eviction or reshuffle absorbs its pending update (no write-back); the least recently used are written (mirrored) when it is full`,
        must: k,
      }),
    ),
    {
      ...iroAsStated,
      id: 'h2-channel',
      name: 'H2: reads go to the less loaded channel',
      role: 'hypothesis',
      reading:
        "each ReadPath slot read picks the channel with fewer requests so far in the access: the real block's primary or its replica, else a uniform valid dummy on that channel (the choice depends only on public load)",
      balanceChannels: true,
    },
    {
      ...iroAsStated,
      id: 'h1h2',
      name: `H1 + H2 (MUST of ${mustCapacities[mustCapacities.length - 1] ?? 65536}, balanced reads)`,
      role: 'hypothesis',
      reading: 'both savings together',
      must: mustCapacities[mustCapacities.length - 1] ?? 65536,
      balanceChannels: true,
    },
  ];
}
