import { getAddress, isAddress, isHexString } from 'ethers';
import { z } from 'zod';

/** Building blocks of channel input schemas. Amounts cross IPC as decimal strings, parsed to bigint. */

export const zAddress = z
  .string()
  .refine((v) => isAddress(v), { message: 'not an Ethereum address' })
  .transform((v) => getAddress(v));

export const zUint = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,77})$/, 'not a non-negative decimal integer')
  .transform((v) => BigInt(v))
  .refine((v) => v < 2n ** 256n, { message: 'does not fit in uint256' });

export const zBytes32 = z
  .string()
  .refine((v) => isHexString(v, 32), { message: 'not a 32-byte hex string' })
  .transform((v) => v.toLowerCase());

export const zBps = z.number().int().min(0).max(10_000);

/** The market contracts the consortium Safe owns. */
export const zMarketContract = z.enum(['registry', 'token', 'market']);

export const zEmpty = z.object({}).strict();
