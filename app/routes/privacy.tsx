// Public privacy policy (/privacy): what Stockroom stores and for how long, generated from the
// database's shop tables and the privacy registry (app/privacy/policy.server.ts).
import { useLoaderData } from "@remix-run/react";
import { privacyPolicy } from "../privacy/policy.server";

export const meta = () => [{ title: "Privacy policy · Stockroom" }];

export const loader = async () => privacyPolicy();

const page = { font: "16px/1.55 system-ui, sans-serif", maxWidth: 820, margin: "40px auto", padding: "0 20px", color: "#202223" };

export default function Privacy() {
  const p = useLoaderData<typeof loader>();
  return (
    <main style={page}>
      <h1>Stockroom privacy policy</h1>
      <p>
        Stockroom is a Shopify app that keeps stock in sync across a merchant&apos;s stores and shows it to shoppers. This page lists everything it stores. It is
        generated from the app&apos;s own database tables and privacy registry, so it cannot leave a table out.
      </p>
      <h2>How long we keep it</h2>
      <ul>
        <li>While the app is installed, for as long as the feature needs it.</li>
        <li>On uninstall: access tokens and sessions are deleted at once, queued work stops, the store leaves its sync groups.</li>
        <li>48 hours after uninstall Shopify sends <code>shop/redact</code>: every row of every table below is erased. Only the redaction request is kept, as proof.</li>
        <li>
          A customer&apos;s data is exported on <code>customers/data_request</code> and erased on <code>customers/redact</code> (features: {p.customerData.join(", ")}).
        </li>
      </ul>
      <h2>What we store for each store</h2>
      <table style={{ borderCollapse: "collapse", width: "100%" }}>
        <thead>
          <tr>
            <th style={{ textAlign: "left", borderBottom: "1px solid #ccc", padding: 6 }}>Table</th>
            <th style={{ textAlign: "left", borderBottom: "1px solid #ccc", padding: 6 }}>What it holds</th>
          </tr>
        </thead>
        <tbody>
          {p.shopTables.map((r) => (
            <tr key={r.table} data-table={r.table}>
              <td style={{ padding: 6, borderBottom: "1px solid #eee", whiteSpace: "nowrap" }}>
                <code>{r.table}</code>
              </td>
              <td style={{ padding: 6, borderBottom: "1px solid #eee" }}>{r.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>What we do not do</h2>
      <ul>
        <li>We do not sell data or share it with third parties. Nothing is sent to analytics, error reporting or tracing services unless the operator configures them.</li>
        <li>Shoppers&apos; payment details never reach Stockroom.</li>
      </ul>
      <h2>Contact</h2>
      <p>Questions, or to report a vulnerability: security@stockroom.example (see SECURITY in the project documentation).</p>
    </main>
  );
}
