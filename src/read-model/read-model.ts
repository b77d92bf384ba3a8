// The catalogue's read model: the current CatalogueSnapshot, reloaded after every committed change
// (heard through LISTEN/NOTIFY, or told by this process's own sync and imports). While changes
// cannot be heard, or a change was heard but not loaded yet, every read goes to the database:
// stale data is never served silently.
import type { CatalogueData } from '../catalogue/models-repo.js'
import type { Logger } from '../logger.js'
import { CatalogueSnapshot } from './catalogue-snapshot.js'

export interface ReadModelSource { loadCatalogue: () => Promise<CatalogueData> }

export class ReadModel {
  #snapshot: CatalogueSnapshot | null = null
  #version = 0
  /** Whether committed changes are heard (the change listener is connected). */
  #hearing = false
  /** Bumped by every change heard; a load is fresh only if none came while it ran. */
  #changes = 0
  #loadedChanges = -1
  #loading: Promise<CatalogueSnapshot> | null = null
  #loadingChanges = -1
  #queued: Promise<CatalogueSnapshot> | null = null
  #closed = false

  constructor (private readonly source: ReadModelSource, private readonly logger: Logger) {}

  /** True when answers may come from memory: changes are heard and the last one is loaded. */
  get fresh (): boolean {
    return this.#hearing && this.#snapshot !== null && this.#loadedChanges === this.#changes
  }

  /** The newest snapshot loaded, if any (without loading). */
  get latest (): CatalogueSnapshot | null { return this.#snapshot }

  /**
   * The snapshot to answer from: the one in memory while fresh; while changes are heard, a load
   * that began after the last one; while they are not, a load that begins after this call.
   */
  async current (): Promise<CatalogueSnapshot> {
    if (this.fresh) return this.#snapshot!
    if (this.#hearing && this.#loading !== null && this.#loadingChanges === this.#changes) return this.#loading
    return this.reload()
  }

  /** Loads a snapshot that starts after this call (concurrent calls share one load). */
  async reload (): Promise<CatalogueSnapshot> {
    if (this.#queued !== null) return this.#queued
    if (this.#loading === null) return this.#startLoad()
    // A load is running but began before this call: queue one more after it, shared by all callers until it starts.
    this.#queued = this.#loading.catch(() => {}).then(() => {
      this.#queued = null
      return this.#startLoad()
    })
    return this.#queued
  }

  /** A committed change was heard: reads go to the database until it is loaded. */
  changed (): void {
    // Once closing, a late notification must not open the pool again.
    if (this.#closed) return
    this.#changes++
    this.reload().catch((err) => this.logger.error({ err: (err as Error).message }, 'could not reload the catalogue after a change'))
  }

  /** Changes can (again) be heard, or can no longer be. Changes made in between were missed. */
  hearing (yes: boolean): void {
    this.#hearing = yes
    this.changed()
  }

  /** No more reloads on changes; resolves when the load in flight (if any) is done. */
  async close (): Promise<void> {
    this.#closed = true
    await this.#queued?.catch(() => {})
    await this.#loading?.catch(() => {})
  }

  #startLoad (): Promise<CatalogueSnapshot> {
    const changesAtStart = this.#changes
    this.#loadingChanges = changesAtStart
    this.#loading = this.source.loadCatalogue().then((data) => {
      const snapshot = new CatalogueSnapshot(++this.#version, data)
      this.#snapshot = snapshot
      this.#loadedChanges = changesAtStart
      return snapshot
    }).finally(() => { this.#loading = null })
    return this.#loading
  }
}
