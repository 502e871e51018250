# Hints under the episode form's labels, and the legend of the required marker (issue 12).
form-required-legend = Os campos marcados com * são obrigatórios.
hint-patient_ref = O número do paciente no hospital: detecta duplicidades e associa as linhas importadas.
hint-fracture_date = O dia da fratura: todos os prazos do percurso contam a partir dele.
hint-birth_date = Pacientes com menos de 50 anos podem ser registrados, mas ficam fora da população dos KPIs.
hint-spine_detection = Só fraturas vertebrais: como a fratura foi encontrada.
hint-family_name = Nomes e telefones ficam neste FLS e nunca são exportados.
hint-falls_assessment = O conjunto de dados registra se foi feita, não o dia.
