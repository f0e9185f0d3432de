import { App } from './app';

new App(document).start();
