// Entry point of the bundle (main and post step alike): runs the action, or the post step's backstop.
import { coreState } from './runtime/core-adapter.js'
import { run } from './main.js'
import { post } from './post.js'
import { isPost } from './runtime/step-state.js'

void (isPost(coreState) ? post() : run())
