/** One shareable URL per view (issue 11). */
import { createBrowserRouter } from 'react-router';
import { nl } from './nl.js';
import { Layout } from './ui/Layout.js';
import { Loading } from './ui/States.js';
import { ActivityView } from './views/activity/ActivityView.js';
import { AuditView } from './views/audit/AuditView.js';
import { BorgingView } from './views/borging/BorgingView.js';
import { EntryView } from './views/entry/EntryView.js';
import { HomeView } from './views/home/HomeView.js';
import { InvolvementView } from './views/involvement/InvolvementView.js';
import { AgreementDetailView } from './views/agreements/AgreementDetailView.js';
import { AgreementsView } from './views/agreements/AgreementsView.js';
import { MonitorView } from './views/monitor/MonitorView.js';
import { RegionView } from './views/region/RegionView.js';
import { SignInView } from './views/signin/SignInView.js';

function NotFound() {
  return <p role="alert">{nl.states.notFound}</p>;
}

export const router = createBrowserRouter([
  { path: '/aanmelden', element: <SignInView /> },
  {
    element: <Layout />,
    hydrateFallbackElement: <Loading />,
    children: [
      { path: '/', element: <HomeView /> },
      { path: '/monitor', element: <MonitorView /> },
      { path: '/regio', element: <RegionView /> },
      { path: '/regio/:id', element: <RegionView /> },
      { path: '/afspraken', element: <AgreementsView /> },
      { path: '/afspraken/:id', element: <AgreementDetailView /> },
      { path: '/activiteit', element: <ActivityView /> },
      { path: '/activiteit/:id', element: <ActivityView /> },
      // ECharts is most of the bundle: it loads with the one view that draws a chart
      {
        path: '/tijdreeks',
        lazy: async () => ({ Component: (await import('./views/timeseries/TimeseriesView.js')).TimeseriesView }),
      },
      { path: '/betrokkenheid', element: <InvolvementView /> },
      { path: '/borging', element: <BorgingView /> },
      { path: '/audit', element: <AuditView /> },
      { path: '/invoeren', element: <EntryView /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
