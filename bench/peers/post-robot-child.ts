import postRobot from 'post-robot';
import { parentOrigin, STATE } from './child-config.js';

postRobot.on('getState', { domain: parentOrigin() }, () => STATE);
