1; % a script, not a function file
% Octave's numbers are doubles: parse both integers digit by digit into int64 instead.
function value = to_int64(text)
  value = int64(0);
  negative = text(1) == '-';
  for c = text(1 + (negative || text(1) == '+'):end)
    value = value * 10 + int64(c - '0');
  end
  if negative
    value = -value;
  end
end

tokens = strsplit(strtrim(fileread('/dev/stdin')));
printf('%d\n', to_int64(tokens{1}) + to_int64(tokens{2}));
