// The read model's rules, over a source that counts its loads: answers come from memory only
// while changes are heard and the last one is loaded; otherwise every read loads anew.
import t from 'tap'
import { ReadModel } from '../../src/read-model/read-model.js'
import type { CatalogueData } from '../../src/catalogue/models-repo.js'

const silent = { info () {}, warn () {}, error () {}, debug () {} }

function source () {
  let lastSyncAt = 0
  const gates: Array<() => void> = []
  const state = { loads: 0, hold: false }
  return {
    state,
    /** Each load returns a distinct lastSyncAt, so tests can tell which load answered. */
    loadCatalogue: async (): Promise<CatalogueData> => {
      state.loads++
      const at = new Date(++lastSyncAt)
      if (state.hold) await new Promise<void>((resolve) => gates.push(resolve))
      return { models: [], lastSyncAt: at }
    },
    release: () => { for (const open of gates.splice(0)) open() }
  }
}

t.test('not hearing changes: every read loads, and nothing stale is served', async (t) => {
  const src = source()
  const model = new ReadModel(src, silent)
  t.equal(model.fresh, false)
  const a = await model.current()
  const b = await model.current()
  t.equal(src.state.loads, 2, 'read through each time')
  t.ok(b.version > a.version)
  t.equal(model.fresh, false)
})

t.test('hearing changes: loaded once, then answered from memory until a change', async (t) => {
  const src = source()
  const model = new ReadModel(src, silent)
  model.hearing(true)
  const first = await model.current()
  t.equal(model.fresh, true)
  t.equal(await model.current(), first, 'the same snapshot')
  t.equal(src.state.loads, 1)
  model.changed()
  t.equal(model.fresh, false, 'a heard change is not served from memory before it is loaded')
  const next = await model.current()
  t.ok(next.version > first.version)
  t.equal(model.fresh, true)
})

t.test('concurrent reads share a load; a change during a load is followed by another', async (t) => {
  const src = source()
  const model = new ReadModel(src, silent)
  model.hearing(true)
  await model.current()
  src.state.hold = true
  model.changed() // load 2 starts and is held
  const waiting = [model.current(), model.current(), model.current()]
  model.changed() // heard while load 2 runs: load 3 must follow
  src.state.hold = false
  src.release()
  const snapshots = await Promise.all(waiting)
  t.equal(new Set(snapshots.map((s) => s.version)).size, 1, 'one load answered all three')
  const latest = await model.current()
  t.ok(latest.version > snapshots[0].version, 'the change heard during the load was loaded after it')
  t.equal(model.fresh, true)
  await model.current()
  t.equal(src.state.loads, 3, 'one load per change, not per read')
})

t.test('losing the connection: read through until it is back, then one load', async (t) => {
  const src = source()
  const model = new ReadModel(src, silent)
  model.hearing(true)
  await model.current()
  model.hearing(false)
  await model.current()
  await model.current()
  const loadsWhileDown = src.state.loads
  t.equal(model.fresh, false)
  model.hearing(true)
  await model.current()
  await model.current()
  t.equal(model.fresh, true)
  t.ok(src.state.loads <= loadsWhileDown + 2, 'back to memory after the catch-up load')
})

t.test('closed: a late change loads nothing (the pool must stay closed), and close waits for a load in flight', async (t) => {
  const src = source()
  const model = new ReadModel(src, silent)
  model.hearing(true)
  src.state.hold = true
  model.changed()
  let closed = false
  const closing = model.close().then(() => { closed = true })
  await new Promise((resolve) => setImmediate(resolve))
  t.equal(closed, false, 'waits for the load in flight')
  src.release()
  await closing
  const loads = src.state.loads
  model.changed()
  t.equal(src.state.loads, loads, 'no load after close')
})
