/**
 * The schemas use zod/mini, which builds them with less work than zod (zod copies a schema on
 * every `.min()`, `.regex()` and `.describe()`; building the config's schemas is a cost of
 * every start that loads them). zod sets its English messages on first use; zod/mini has none
 * until a locale is set ("Invalid input" for everything). Every module that parses with zod
 * imports this one, so the messages a user reads are zod's English ones.
 */
import { config } from 'zod/mini';
import { en } from 'zod/locales';

config(en());
