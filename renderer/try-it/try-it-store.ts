// Whether the Try it panel is open: its button (in the page's tools) and the panel (in the side dock) live in
// different places of the page and share this one flag.

import { createStore } from 'zustand/vanilla';

export const tryItStore = createStore<{ open: boolean }>(() => ({ open: false }));
