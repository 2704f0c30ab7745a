// The citizen's lookup page on its own (lookup.html; the server answers /tra-cuu with it):
// the language switch and the lookup, nothing of the staff app — no session, no live
// socket, no API client, no request schemas. On a 3G phone it downloads about a third
// of what the whole app would (issue 20). Staff who open /tra-cuu from inside the app
// get the same page from App.tsx.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from './i18n/index.js';
import Lookup from './pages/Lookup.js';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <Lookup />
    </I18nProvider>
  </StrictMode>,
);
