// Route component for an alias `…/x/index`: sends the reader to `…/x`.
import { Redirect, useLocation } from '@docusaurus/router';
import type { ReactNode } from 'react';

export default function RedirectToParent(): ReactNode {
  const { pathname } = useLocation();
  return <Redirect to={pathname.replace(/\/index\/?$/, '')} />;
}
