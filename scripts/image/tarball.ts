// The root filesystem as the tarball the image's one layer is made from.
import fs from 'node:fs';
import path from 'node:path';
import { pack } from 'tar-stream';
import { GOMODCACHE_IN_IMAGE, IMAGE_UID } from './layout.ts';

/** Writes `rootfs` as a tarball: root owns everything but /work and the module cache, which the image's user owns. */
export async function tarball(rootfs: string, out: string): Promise<void> {
  const owned = (rel: string) => ['work', GOMODCACHE_IN_IMAGE.slice(1)].some((p) => rel === p || rel.startsWith(`${p}/`));
  const tar = pack();
  const written = new Promise<void>((resolve, reject) => {
    const sink = fs.createWriteStream(out);
    sink.on('error', reject).on('finish', resolve);
    tar.on('error', reject);
    tar.pipe(sink);
  });
  const add = (header: Parameters<typeof tar.entry>[0], file?: string) =>
    new Promise<void>((resolve, reject) => {
      const entry = tar.entry(header, (err) => (err ? reject(err) : resolve()));
      // Folders and links have no body: the callback comes once the header is written.
      if (file) fs.createReadStream(file).on('error', reject).pipe(entry);
    });
  const walk = async (dir: string): Promise<void> => {
    for (const name of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const rel = path.relative(rootfs, full).split(path.sep).join('/');
      const st = fs.lstatSync(full);
      const id = owned(rel) ? IMAGE_UID : 0;
      const common = { name: rel, mode: st.mode & 0o7777, uid: id, gid: id, mtime: st.mtime };
      if (st.isSymbolicLink()) await add({ ...common, type: 'symlink', linkname: fs.readlinkSync(full) });
      else if (st.isDirectory()) {
        await add({ ...common, type: 'directory' });
        await walk(full);
      } else if (st.isFile()) await add({ ...common, type: 'file', size: st.size }, full);
    }
  };
  await walk(rootfs);
  tar.finalize();
  await written;
}
