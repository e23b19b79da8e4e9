/** Whether the process that started something (a sweep) still runs; a dead owner means what it left is orphaned. */
export function isOwnerAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
