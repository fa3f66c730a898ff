/** One shareable URL per view (issue 11). */
import { createBrowserRouter } from 'react-router';
import { Layout } from './ui/Layout.js';
import { HomeView } from './views/home/HomeView.js';
import { MonitorView } from './views/monitor/MonitorView.js';
import { SignInView } from './views/signin/SignInView.js';

export const router = createBrowserRouter([
  { path: '/aanmelden', element: <SignInView /> },
  {
    element: <Layout />,
    children: [
      { path: '/', element: <HomeView /> },
      { path: '/monitor', element: <MonitorView /> },
    ],
  },
]);
