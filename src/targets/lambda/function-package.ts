import fs from 'node:fs';
import { zipSync } from 'fflate';
import { buildBinary, sourceOf } from '../../build/go-build.ts';
import { HarnessError } from '../../errors.ts';
import type { Cell, LambdaArch } from '../../types.ts';

/** Lambda's limit on a zip uploaded directly (larger ones go through S3). */
export const DIRECT_UPLOAD_MAX_BYTES = 50 * 1024 * 1024;
/** Serves the workload's handler through aws-lambda-go, without the RPC mode provided.al2023 has no use for. */
export const LAMBDA_BUILD_TAGS = ['lambda', 'lambda.norpc'];
const GOARCH: Record<LambdaArch, string> = { x86_64: 'amd64', arm64: 'arm64' };

export interface FunctionPackage {
  zip: Uint8Array;
  binaryBytes: number;
  goVersion: string;
  cached: boolean;
  /** The binary's content hash: names the function's code. */
  hash: string;
}

/** The cell's workload as `bootstrap` for provided.al2023, zipped with its execute bit. */
export async function buildFunctionPackage(cell: Cell): Promise<FunctionPackage> {
  const build = { ...cell.build, tags: [...cell.build.tags, ...LAMBDA_BUILD_TAGS] };
  const binary = await buildBinary(sourceOf(cell.workload), GOARCH[cell.lambda.arch], build);
  // Unix file mode in the high 16 bits of the external attributes, made on Unix (os 3): -rwxr-xr-x.
  const zip = zipSync({ bootstrap: [fs.readFileSync(binary.path), { os: 3, attrs: (0o100755 << 16) >>> 0, level: 6 }] });
  if (zip.length > DIRECT_UPLOAD_MAX_BYTES) {
    throw new HarnessError(`the zip of ${cell.workload.name} is ${(zip.length / 2 ** 20).toFixed(1)} MiB, over Lambda's 50 MiB direct upload`, {
      stage: 'build',
      cellId: cell.id,
      hint: 'strip the binary (build.strip: true) or drop build.pad; packages through S3 are not supported yet',
    });
  }
  return { zip, binaryBytes: binary.bytes, goVersion: binary.goVersion, cached: binary.cached, hash: binary.hash };
}
