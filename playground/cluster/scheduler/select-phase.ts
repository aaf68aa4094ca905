/** The select phase of a scheduling attempt: the feasible node with the highest total score. */
import type { NodeInfo } from './node-info';

/** selectPhase picks the highest total; a tie goes to the node whose name sorts first. */
export function selectPhase(feasible: readonly NodeInfo[], totals: readonly number[]): string | undefined {
  let best: NodeInfo | undefined;
  let bestScore = -Infinity;
  for (let i = 0; i < feasible.length; i++) {
    const score = totals[i];
    if (score > bestScore || (score === bestScore && best !== undefined && feasible[i].name < best.name)) {
      best = feasible[i];
      bestScore = score;
    }
  }
  return best?.name;
}
