import * as vscode from 'vscode';
import { SessionEventRow } from '../../server/src/core/contract';

/** A place the server names, as the editor's range. */
export function rangeOf({ start, end }: SessionEventRow['range']): vscode.Range {
  return new vscode.Range(start.line, start.character, end.line, end.character);
}

/** Opens a place the server names (a session's 4624, one of its events), with its value selected. */
export async function openAt(place: { uri: string; range: SessionEventRow['range'] }, viewColumn?: vscode.ViewColumn): Promise<void> {
  await vscode.window.showTextDocument(vscode.Uri.parse(place.uri), { selection: rangeOf(place.range), viewColumn });
}
