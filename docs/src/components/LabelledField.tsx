// A text field with its visible label, as the demos write them: the label wraps the input and
// names it (aria-label too, so the name stays the label's text when more sits in the label),
// and the field reports the text as typed. Parsing, and refusing an empty or half-typed value,
// is the caller's (see oram/fieldInput.ts): a field never turns "" into 0 itself.
import type { InputHTMLAttributes, ReactNode } from 'react';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'aria-label'>;

export default function LabelledField({
  label,
  value,
  onChange,
  ...input
}: InputProps & {
  label: string;
  value: string;
  onChange(value: string): void;
}): ReactNode {
  return (
    <label>
      {label}
      <input
        {...input}
        aria-label={label}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}
