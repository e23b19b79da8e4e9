// The Dockerfiles: the image on its root filesystem, and a new revision's label on an existing one.
import type { Host } from './host.ts';
import { GOMODCACHE_IN_IMAGE, GOROOT_IN_IMAGE, IMAGE_UID, PACKAGE_IN_IMAGE } from './layout.ts';

/** Holds the hash of everything the image is made from: the build's cache key. */
export const LABEL_INPUTS = 'gosweep.image.inputs';
export const LABEL_REVISION = 'org.opencontainers.image.revision';
export const LABEL_VERSION = 'org.opencontainers.image.version';

const ENV = {
  PATH: `${GOROOT_IN_IMAGE}/bin:/usr/local/bin:/usr/bin:/bin`,
  HOME: '/tmp',
  NODE_ENV: 'production',
  GOCACHE: '/tmp/go-cache',
  GOPATH: '/tmp/go',
  GOMODCACHE: GOMODCACHE_IN_IMAGE,
};

/** `k="v" ...`, for ENV and LABEL. */
const assignments = (pairs: Record<string, string>) => Object.entries(pairs).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');

/** The image from rootfs.tar, labelled with its inputs' hash. */
export function dockerfile(host: Host, inputs: string): string {
  const labels = {
    'org.opencontainers.image.title': 'gosweep',
    'org.opencontainers.image.description': 'gosweep with Node 24 and Go, for shards that drive Lambda or Cloud Run',
    [LABEL_VERSION]: host.version,
    [LABEL_REVISION]: host.revision,
    [LABEL_INPUTS]: inputs,
    'gosweep.image.node': host.nodeVersion,
    'gosweep.image.go': host.go.version,
  };
  return [
    'FROM scratch',
    // A local tarball is unpacked with its owners and modes (/tmp 1777, /work 10001).
    'ADD rootfs.tar /',
    `ENV ${assignments(ENV)}`,
    'WORKDIR /work',
    `USER ${IMAGE_UID}:${IMAGE_UID}`,
    `ENTRYPOINT ["/usr/local/bin/node", "${PACKAGE_IN_IMAGE}/dist/cli.js"]`,
    // Last: the builder keeps an image per instruction, and only the finished one may carry the inputs' label.
    `LABEL ${assignments(labels)}`,
    '',
  ].join('\n');
}

/** A one-line image on top of `base` that carries another revision. */
export const relabelDockerfile = (base: string, revision: string) => `FROM ${base}\nLABEL ${assignments({ [LABEL_REVISION]: revision })}\n`;
