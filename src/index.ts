// Entry point of the bundle (main and post step alike): runs the action, or the post step's backstop.
import { coreState } from './core-io.js'
import { run } from './main.js'
import { post } from './post.js'
import { isPost } from './state-helper.js'

void (isPost(coreState) ? post() : run())
