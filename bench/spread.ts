/** Hands out targets in turn: the n-th call gets targets[n mod length], so k processes each get 1/k of the load. */
export function roundRobin<T>(targets: readonly T[]): () => T {
  if (targets.length === 0) throw new Error('roundRobin needs at least one target');
  let next = 0;
  return () => {
    const target = targets[next];
    next = (next + 1) % targets.length;
    return target;
  };
}
