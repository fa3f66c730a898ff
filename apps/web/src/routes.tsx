/** One shareable URL per view (issue 11). */
import { createBrowserRouter } from 'react-router';
import { nl } from './nl.js';
import { Layout } from './ui/Layout.js';
import { Loading } from './ui/States.js';
import { HomeView } from './views/home/HomeView.js';
import { MonitorView } from './views/monitor/MonitorView.js';
import { SignInView } from './views/signin/SignInView.js';

/**
 * `/`, the monitor and sign-in are in the first download; every other view is its own chunk, loaded when it is opened
 * (ECharts, most of the bytes, only with the time series).
 */
const view = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({
  Component: (await load()).default,
});

function NotFound() {
  return <p role="alert">{nl.states.notFound}</p>;
}

const regionView = async () => ({ default: (await import('./views/region/RegionView.js')).RegionView });
const activityView = async () => ({ default: (await import('./views/activity/ActivityView.js')).ActivityView });
const agreements = async () => {
  const [list, detail] = await Promise.all([
    import('./views/agreements/AgreementsView.js'),
    import('./views/agreements/AgreementDetailView.js'),
  ]);
  return { ...list, ...detail };
};

export const router = createBrowserRouter([
  { path: '/aanmelden', element: <SignInView /> },
  {
    element: <Layout />,
    hydrateFallbackElement: <Loading />,
    children: [
      { path: '/', element: <HomeView /> },
      { path: '/monitor', element: <MonitorView /> },
      { path: '/regio', lazy: view(regionView) },
      { path: '/regio/:id', lazy: view(regionView) },
      { path: '/afspraken', lazy: view(async () => ({ default: (await agreements()).AgreementsView })) },
      { path: '/afspraken/:id', lazy: view(async () => ({ default: (await agreements()).AgreementDetailView })) },
      { path: '/activiteit', lazy: view(activityView) },
      { path: '/activiteit/:id', lazy: view(activityView) },
      {
        path: '/tijdreeks',
        lazy: view(async () => ({ default: (await import('./views/timeseries/TimeseriesView.js')).TimeseriesView })),
      },
      {
        path: '/betrokkenheid',
        lazy: view(async () => ({ default: (await import('./views/involvement/InvolvementView.js')).InvolvementView })),
      },
      {
        path: '/borging',
        lazy: view(async () => ({ default: (await import('./views/borging/BorgingView.js')).BorgingView })),
      },
      { path: '/audit', lazy: view(async () => ({ default: (await import('./views/audit/AuditView.js')).AuditView })) },
      {
        path: '/invoeren',
        lazy: view(async () => ({ default: (await import('./views/entry/EntryView.js')).EntryView })),
      },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
