// The Element Plus icons the console uses, registered globally by name: templates give them as
// strings (`icon="Plus"`, the menu's `meta.icon`, `<component :is="…">`). Only these are bundled;
// add a name to icons-used.js when a page starts using a new icon.
import * as ICONS from './icons-used.js'

export function registerIcons(app) {
  for (const [name, comp] of Object.entries(ICONS)) app.component(name, comp)
}
