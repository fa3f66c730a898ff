/** One shareable URL per view (issue 11). */
import { createBrowserRouter } from 'react-router';
import { Layout } from './ui/Layout.js';
import { HomeView } from './views/home/HomeView.js';
import { AgreementDetailView } from './views/agreements/AgreementDetailView.js';
import { AgreementsView } from './views/agreements/AgreementsView.js';
import { MonitorView } from './views/monitor/MonitorView.js';
import { RegionView } from './views/region/RegionView.js';
import { SignInView } from './views/signin/SignInView.js';

export const router = createBrowserRouter([
  { path: '/aanmelden', element: <SignInView /> },
  {
    element: <Layout />,
    children: [
      { path: '/', element: <HomeView /> },
      { path: '/monitor', element: <MonitorView /> },
      { path: '/regio', element: <RegionView /> },
      { path: '/regio/:id', element: <RegionView /> },
      { path: '/afspraken', element: <AgreementsView /> },
      { path: '/afspraken/:id', element: <AgreementDetailView /> },
    ],
  },
]);
