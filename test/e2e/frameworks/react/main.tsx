// A React 19 app under <StrictMode> (mount, clean up, mount again in development) with the recipe's checkout.
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { SovEmbed } from 'sov-embed';
import { page, startSdk } from '../page-record.js';
import { Checkout } from './Checkout.js';

startSdk(SovEmbed);

function App() {
  const [shown, setShown] = useState(true);
  page.unmount = () => setShown(false);
  return shown ? <Checkout navigate={page.navigate} /> : null;
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
