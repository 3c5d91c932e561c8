import type { Rng } from '@paperlab/stats';
import type { IntegrityMode } from '../oram.js';
import { DEFAULT_RING_PARAMETERS, defaultLevels, RING_PARAMETER_SETS } from '../parameters.js';
import { ecpBitsPerLine } from '../reliability/ecpTable.js';
import { createRingOram, type RingOramOptions } from '../ringOram.js';
import type { Observer } from '../trace.js';
import type { DesignUnderTest } from './iroReproduction.js';

export interface RingOramDesignOptions {
  /** Logical blocks; default 2^12. */
  capacity?: number;
  /** Bytes per block; default 64 (one cache line: every LLC miss is one ORAM access). */
  blockSize?: number;
  /** Top levels kept on chip; default 3 (the timing model's default tree-top caching). */
  treeTopLevels?: number;
  /** Memory channels the ORAM maps slots to (replicas are placed by it); default 2. */
  channels?: number;
  /** n of IRO's ECP-n; its packed entries ride in every metadata block (default 6; 0 = none). */
  ecpEntries?: number;
  /** Extra Ring ORAM options (Z, S, A, parameterSet…). */
  ring?: Pick<RingOramOptions, 'Z' | 'S' | 'A' | 'parameterSet' | 'levels'>;
}

/**
 * The three designs of the IRO reproduction, built on this package's Ring ORAM:
 *  - 'Ring ORAM': integrity 'none' — encryption only;
 *  - 'Ring ORAM + Merkle': a Merkle tree over whole buckets (the forced combination the paper
 *    argues against); one tree hash covers a whole bucket;
 *  - 'IRO': integrity 'rit+must', metadata mirrored on two channels, Secure Replication (its
 *    replica writes are in the trace and get MACs), per-slot MACs, and ECP-n entries packed
 *    into each metadata block (the compact metadata), which every metadata access then moves.
 * Keys and randomness come from the recorder's seeded Rng, so traces are reproducible.
 */
export function ringOramDesigns(options: RingOramDesignOptions = {}): {
  ring: DesignUnderTest;
  merkle: DesignUnderTest;
  iro: DesignUnderTest;
  /** IRO with 'rit' instead of 'rit+must': what MUST's deferred metadata updates save. */
  iroWithoutMust: DesignUnderTest;
} {
  const capacity = options.capacity ?? 4096;
  const blockSize = options.blockSize ?? 64;
  // A small tree may have fewer levels than the cache wants: cache at most all of them.
  const ringSet =
    RING_PARAMETER_SETS[options.ring?.parameterSet ?? 'teaching'] ?? DEFAULT_RING_PARAMETERS;
  const levels = options.ring?.levels ?? defaultLevels(capacity, options.ring?.Z ?? ringSet.Z);
  const treeTopLevels = Math.min(options.treeTopLevels ?? 3, levels);
  const ecpEntries = options.ecpEntries ?? 6;
  const channels = options.channels ?? 2;
  interface Features {
    integrity: IntegrityMode;
    iro: boolean;
    wholeBucketHash: boolean;
  }
  const make = (name: string, f: Features): DesignUnderTest => {
    const design: DesignUnderTest = {
      name,
      slotMacs: f.iro,
      create(observer: Observer, rng: Rng) {
        const oram = createRingOram({
          ...options.ring,
          capacity,
          blockSize,
          treeTopLevels,
          integrity: f.integrity,
          mirrorMetadata: f.iro,
          replication: f.iro,
          channels,
          observer,
          rng,
          key: rng.fork('key').fillBytes(new Uint8Array(32)),
        });
        const shape = {
          bucketCount: oram.bucketCount,
          slotsPerBucket: oram.storage.slotsPerBucket,
          slotBytes: oram.slotBytes,
          metaBytes: oram.metaBytes,
        };
        if (f.wholeBucketHash) {
          design.hashBytes = shape.metaBytes + shape.slotsPerBucket * shape.slotBytes;
        }
        if (f.iro && ecpEntries > 0) {
          // ECP-n for every 512-bit line of the bucket's slots and of its metadata, packed.
          const lines =
            shape.slotsPerBucket * Math.ceil((shape.slotBytes * 8) / 512) +
            Math.ceil((shape.metaBytes * 8) / 512);
          design.metaExtraBytes = Math.ceil((lines * ecpBitsPerLine(ecpEntries)) / 8);
        }
        return { oram, shape, capacity, blockSize };
      },
    };
    return design;
  };
  const iroName = `IRO (RIT + MUST + mirror + replicas${ecpEntries > 0 ? ` + ECP-${ecpEntries}` : ''})`;
  return {
    ring: make('Ring ORAM', { integrity: 'none', iro: false, wholeBucketHash: false }),
    merkle: make('Ring ORAM + Merkle', { integrity: 'merkle', iro: false, wholeBucketHash: true }),
    iro: make(iroName, { integrity: 'rit+must', iro: true, wholeBucketHash: false }),
    iroWithoutMust: make(iroName.replace('MUST + ', ''), {
      integrity: 'rit',
      iro: true,
      wholeBucketHash: false,
    }),
  };
}
