import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

/**
 * Starts the Logon Lens language server (dist/server.js) over Node IPC and connects it to every
 * XML document; the server itself skips documents that are not event XML. Bundled apart from
 * extension.js so that nothing here loads until an event document is open.
 */
export async function startClient(context: vscode.ExtensionContext): Promise<LanguageClient> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'xml' }],
    outputChannelName: 'Logon Lens',
  };
  const client = new LanguageClient('logonLens', 'Logon Lens', serverOptions, clientOptions);
  await client.start();
  context.subscriptions.push(client);
  return client;
}
