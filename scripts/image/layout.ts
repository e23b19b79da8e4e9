// Where things go in the image, and which parts of the package go in.

/** The user the image runs as; it owns /work and the module cache. */
export const IMAGE_UID = 10001;
export const GOROOT_IN_IMAGE = '/usr/local/go';
export const GOMODCACHE_IN_IMAGE = '/opt/go/pkg/mod';
export const PACKAGE_IN_IMAGE = '/opt/gosweep';
export const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/** Parts of the package copied as they are (node_modules is installed afresh with --omit=dev). */
export const PACKAGE_PARTS = ['package.json', 'package-lock.json', 'dist', 'go-workloads', 'matrices', 'schema'];
