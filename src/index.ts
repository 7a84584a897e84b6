// Entry point of the bundle: only runs the action.
import { run } from './main.js'

void run()
