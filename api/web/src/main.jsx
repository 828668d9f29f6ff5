import { render } from 'preact';
import { App } from './app.jsx';
import { SessionProvider } from './session.jsx';
import { interceptLinks } from './lib/router.js';
import './styles.css';

const root = document.getElementById('app');
interceptLinks(document.body);
render(
  <SessionProvider>
    <App />
  </SessionProvider>,
  root,
);
