// Module hooks (module.register, from record-addons.mjs): each module file a gdp run
// loads is appended, one URL a line, to $GDP_TEST_ADDONS_FILE.modules.
import { appendFileSync } from 'node:fs'

export async function load (url, context, nextLoad) {
  if (url.startsWith('file:')) appendFileSync(`${process.env.GDP_TEST_ADDONS_FILE}.modules`, url + '\n')
  return await nextLoad(url, context)
}
