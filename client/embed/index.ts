/** The embeddable Chorus editor: `mount()` and the `<chorus-editor>` custom element (defined on import). */
import { defineChorusEditor } from './element.js';

export { mount, type ChorusHandle, type MountOptions } from './mount.js';
export { ChorusEditorElement, defineChorusEditor } from './element.js';

defineChorusEditor();
