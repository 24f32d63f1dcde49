export function App() {
  return (
    <main>
      <h1>Gridkeeper</h1>
      <p>Control room of the energy-market consortium.</p>
    </main>
  );
}
