/**
 * `npm run rich-menu -- [--image menu.png] [--dry-run [--out placeholder.png]]`
 *
 * Gives the OA its bottom menu (แจ้งเหตุ · ขอความช่วยเหลือด่วน · ติดตามเรื่อง · โทร 1300), made
 * the default for every user, and deletes the menu an earlier run made. Run once per channel, and
 * again whenever the image changes. Needs LINE_CHANNEL_ACCESS_TOKEN (and honours
 * LINE_API_BASE_URL / LINE_DATA_API_BASE_URL). `--dry-run` calls nothing: it prints the menu and
 * writes the image it would upload.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { HTTPFetchError, messagingApi } from '@line/bot-sdk';
import { ConfigError, loadConfig, loadDotEnv } from '../src/config/env';
import { checkImage, installRichMenu, placeholderPng, RICH_MENU_SIZE, richMenuDefinition, type MenuImage } from '../src/line/rich-menu';

const out = (s: string) => process.stdout.write(`${s}\n`);
const err = (s: string) => process.stderr.write(`${s}\n`);

const USAGE = 'usage: npm run rich-menu -- [--image FILE.png|FILE.jpg] [--dry-run [--out FILE.png]]';
const PLACEHOLDER_NOTE =
  `Note: no --image given, so a plain placeholder (four coloured blocks, no words) is used. Replace it with a ` +
  `designed ${RICH_MENU_SIZE.width}x${RICH_MENU_SIZE.height} PNG/JPEG that shows the Thai labels, left to right: ` +
  'แจ้งเหตุ | ขอความช่วยเหลือด่วน | ติดตามเรื่อง | โทร 1300 — then run again with --image.';

function readImage(path: string | undefined): MenuImage | string {
  if (path === undefined) return { data: placeholderPng(RICH_MENU_SIZE.width, RICH_MENU_SIZE.height), contentType: 'image/png' };
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (e) {
    return `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`;
  }
  const checked = checkImage(data);
  return checked.ok ? { data, contentType: checked.contentType } : `${path}: ${checked.problem}`;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: process.argv.slice(2),
      options: { image: { type: 'string' }, 'dry-run': { type: 'boolean' }, out: { type: 'string' }, help: { type: 'boolean' } },
    }).values;
  } catch (e) {
    err(`error: ${(e as Error).message}`);
    err(USAGE);
    return 2;
  }
  if (args.help) {
    out(USAGE);
    return 0;
  }

  const image = readImage(args.image);
  if (typeof image === 'string') {
    err(`error: ${image}`);
    return 2;
  }

  if (args['dry-run']) {
    out(JSON.stringify(richMenuDefinition(), null, 2));
    if (args.image === undefined) {
      const path = args.out ?? join(tmpdir(), 'husec-rich-menu-placeholder.png');
      writeFileSync(path, image.data);
      out(`Placeholder image (${image.data.length} bytes) written to ${path}.`);
      out(PLACEHOLDER_NOTE);
    } else out(`${args.image}: ${image.contentType}, ${image.data.length} bytes — acceptable.`);
    out('Dry run: nothing was sent to LINE.');
    return 0;
  }

  loadDotEnv();
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      err(e.message);
      return 1;
    }
    throw e;
  }
  const token = config.LINE_CHANNEL_ACCESS_TOKEN;
  if (!token) {
    err(
      'LINE_CHANNEL_ACCESS_TOKEN is not set, so there is no LINE channel to give a menu to.\n' +
        'A rich menu is only for a real LINE Official Account: set the channel access token (in .env or the ' +
        'environment) and run again. `npm start` without LINE credentials runs its own LINE emulator and ' +
        'browser chat, which need no rich menu. Use --dry-run to see the menu without calling LINE.',
    );
    return 2;
  }

  const clients = {
    api: new messagingApi.MessagingApiClient({ channelAccessToken: token, baseURL: config.LINE_API_BASE_URL }),
    blob: new messagingApi.MessagingApiBlobClient({ channelAccessToken: token, baseURL: config.LINE_DATA_API_BASE_URL }),
  };
  try {
    const result = await installRichMenu(clients, image);
    out(`Rich menu ${result.richMenuId} is now the default menu of this channel.`);
    if (result.replaced.length) out(`Deleted the earlier menu(s): ${result.replaced.join(', ')}.`);
    if (args.image === undefined) out(PLACEHOLDER_NOTE);
    if (result.notDeleted.length) {
      err(`warning: could not delete earlier menu(s) ${result.notDeleted.join(', ')}; running again deletes them.`);
      return 1;
    }
    return 0;
  } catch (e) {
    if (e instanceof HTTPFetchError) {
      // LINE's error body names the problem (and never holds personal data here: it is about the menu).
      err(`LINE answered ${e.status} ${e.statusText}: ${e.body}`);
      err('The previous menu, if any, is still the default.');
      return 1;
    }
    throw e;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    err(`error: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  },
);
