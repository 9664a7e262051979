; Inno Setup 6 script: a per-user installer for the onedir bundle (no administrator rights needed).
;   iscc /DAppVersion=0.1.0 packaging\windows\lis-desktop.iss
; Input: dist\lis-desktop\ (PyInstaller) and build\icons\lis-desktop.ico (packaging/make_icons.py).
; Output: dist\LIS-Desktop-<version>-windows-x64-setup.exe. It installs into
; %LOCALAPPDATA%\Programs\LIS Desktop, adds a Start-menu shortcut, optionally a desktop shortcut and
; "Open with" for PDF files (never the default PDF program), and registers an uninstaller.
; Your offline summaries (%LOCALAPPDATA%\lis-desktop) are not touched by uninstalling.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "LIS Desktop"
#define AppId "uk.gov.lisdesktop.LISDesktop"
#define ExeName "lis-desktop.exe"
#define ProgId "LISDesktop.pdf"

[Setup]
AppId={#AppId}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=LIS Desktop developers
AppCopyright=AGPL-3.0-or-later. Summaries: Crown copyright, Open Government Licence v3.0.
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
CloseApplications=yes
LicenseFile=..\..\LICENSE
SetupIconFile=..\..\build\icons\lis-desktop.ico
UninstallDisplayIcon={app}\{#ExeName}
UninstallDisplayName={#AppName}
OutputDir=..\..\dist
OutputBaseFilename=LIS-Desktop-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "pdfopenwith"; Description: "List {#AppName} under ""Open with"" for PDF files"; GroupDescription: "PDF files:"

[InstallDelete]
; A new version replaces the old program files entirely (the bundle's file names change).
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\..\dist\lis-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#ExeName}"; Comment: "Read the Local Industrial Strategies summaries"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#ExeName}"; Tasks: desktopicon

[Registry]
; "Open with" for PDFs (HKA = the current user's classes in a per-user install).
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "PDF document"; Flags: uninsdeletekey; Tasks: pdfopenwith
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#ExeName},0"; Tasks: pdfopenwith
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#ExeName}"" ""%1"""; Tasks: pdfopenwith
Root: HKA; Subkey: "Software\Classes\.pdf\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: pdfopenwith
Root: HKA; Subkey: "Software\Classes\Applications\{#ExeName}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey; Tasks: pdfopenwith
Root: HKA; Subkey: "Software\Classes\Applications\{#ExeName}\SupportedTypes"; ValueType: string; ValueName: ".pdf"; ValueData: ""; Tasks: pdfopenwith
Root: HKA; Subkey: "Software\Classes\Applications\{#ExeName}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#ExeName}"" ""%1"""; Tasks: pdfopenwith

[Run]
Filename: "{app}\{#ExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
