import { Position } from 'vscode-languageserver-types';
import { computeProblems } from '../core/features/diagnostics';
import { EventDocument } from '../core/parse/eventDocument';
import { Problem } from '../core/parse/model';
import { evaluatePolicy, levelProblems } from '../core/policy/evaluatePolicy';
import { Policy } from '../core/policy/policy';
import { buildSessionIndex } from '../core/sessions/buildSessionIndex';
import { SessionIndex } from '../core/sessions/model';
import { Input } from './inputs';

/** A problem placed for output: its input, and line/character positions (0-based, UTF-16). */
export interface Finding {
  input: Input;
  problem: Problem;
  start: Position;
  end: Position;
}

/** The same analysis as the editor, over all inputs together so sessions link across them. */
export function analyze(inputs: readonly Input[], policy: Policy): { findings: Finding[]; index: SessionIndex } {
  const documents = inputs.map(i => [i.name, i.doc] as [string, EventDocument]);
  const index = buildSessionIndex(documents);
  const byInput = evaluatePolicy(documents, index, policy);
  const findings: Finding[] = [];
  for (const input of inputs) {
    const problems = [...levelProblems(computeProblems(input.doc), policy), ...(byInput.get(input.name) ?? [])].sort((a, b) => a.start - b.start);
    for (const problem of problems) {
      findings.push({ input, problem, start: input.positions.positionAt(problem.start), end: input.positions.positionAt(problem.end) });
    }
  }
  return { findings, index };
}
