/**
 * setImmediate for the browser bundle, which esbuild injects in place of
 * the free name (scripts/build-browser.mjs): the page's globals stay as
 * they are. The send and receive queues use it to run once the network
 * input of the current turn of the event loop is in; a MessageChannel
 * message is the next task in a browser too, without the 4 ms clamp of a
 * nested setTimeout.
 */
const callbacks: Array<() => void> = []
const channel = new MessageChannel()
// One message per callback, so they run in order, each in a task of its own, as Node runs immediates.
channel.port1.addEventListener('message', () => { callbacks.shift()?.() })
channel.port1.start()

export function setImmediate (callback: () => void): void {
  callbacks.push(callback)
  channel.port2.postMessage(undefined)
}
