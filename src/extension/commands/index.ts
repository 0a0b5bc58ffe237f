/** Registers the extension's commands (package.json `contributes.commands` lists them). */
import * as vscode from 'vscode';
import type { Platform } from '../platform';
import { newDasdVolumeCommand, openDasdImageCommand, type NewVolumeAnswers } from './dasd';
import { showListingCommand } from './listing';
import { ReadOnlyDocuments } from './readOnlyDocuments';
import { debugFileCommand, runFileCommand } from './runFile';
import { newProgramCommand } from './sample';
import { copyValueCommand, viewAsCommand, type VariableContext } from './values';

export const COMMANDS = {
  runFile: 'ccw.runFile',
  debugFile: 'ccw.debugFile',
  showListing: 'ccw.showListing',
  newDasdVolume: 'ccw.newDasdVolume',
  openDasdImage: 'ccw.openDasdImage',
  newProgram: 'ccw.newProgram',
  viewAsHex: 'ccw.variables.viewAsHex',
  viewAsBinary: 'ccw.variables.viewAsBinary',
  viewAsDecimal: 'ccw.variables.viewAsDecimal',
  copyValue: 'ccw.variables.copyValue',
  exportTrace: 'ccw.exportTrace',
} as const;

export function registerCommands(context: vscode.ExtensionContext, platform: Platform): void {
  const listings = new ReadOnlyDocuments('ccw-listing');
  const tracks = new ReadOnlyDocuments('ccw-dasd');
  const reg = vscode.commands.registerCommand;
  context.subscriptions.push(
    listings.register(),
    tracks.register(),
    reg(COMMANDS.runFile, (arg: unknown) => runFileCommand(platform, arg)),
    reg(COMMANDS.debugFile, (arg: unknown) => debugFileCommand(arg)),
    reg(COMMANDS.showListing, (arg: unknown) => showListingCommand(listings, arg)),
    reg(COMMANDS.newDasdVolume, (answers?: NewVolumeAnswers) => newDasdVolumeCommand(platform, answers && answers.file instanceof vscode.Uri ? answers : undefined)),
    reg(COMMANDS.openDasdImage, (arg: unknown) => openDasdImageCommand(platform, tracks, arg)),
    reg(COMMANDS.newProgram, () => newProgramCommand(context.extensionUri)),
    reg(COMMANDS.viewAsHex, (v?: VariableContext) => viewAsCommand(v, 'hex')),
    reg(COMMANDS.viewAsBinary, (v?: VariableContext) => viewAsCommand(v, 'binary')),
    reg(COMMANDS.viewAsDecimal, (v?: VariableContext) => viewAsCommand(v, 'decimal')),
    reg(COMMANDS.copyValue, (v?: VariableContext) => copyValueCommand(v)),
  );
}
